export * from "./enums";
export * from "./places";
export * from "./identity";
export * from "./organizations";
export * from "./calendar";
export * from "./audit";
