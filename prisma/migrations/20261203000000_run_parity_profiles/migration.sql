-- Parity verdicts, profile records and the runner's notes are stored as the run goes, so a run that is
-- interrupted keeps them (before, they lived only in the runner's memory until the run's summary).
ALTER TABLE "BenchmarkRun" ADD COLUMN "parity" TEXT;
ALTER TABLE "BenchmarkRun" ADD COLUMN "profiles" TEXT;
ALTER TABLE "BenchmarkRun" ADD COLUMN "notes" TEXT;
