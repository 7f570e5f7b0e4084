export { recomputeVerdict } from "./compare";
export { IdentityCache } from "./identityCache";
export { DEFAULT_CELL_TIMEOUT_MS, runCell, type CellBackends, type RunCellOptions } from "./runCell";
export { teacherForce, type TeacherForceOptions } from "./teacherForce";
