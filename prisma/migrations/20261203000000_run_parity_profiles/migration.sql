-- Parity verdicts and profile records are stored as each level / profile finishes, so a run that is
-- interrupted keeps them (before, they lived only in the runner's memory until the run's summary).
ALTER TABLE "BenchmarkRun" ADD COLUMN "parity" TEXT;
ALTER TABLE "BenchmarkRun" ADD COLUMN "profiles" TEXT;
