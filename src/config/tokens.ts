/** Injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injection token of the directory of workflow files (tests point it elsewhere). */
export const WORKFLOWS_DIR = Symbol('WORKFLOWS_DIR');
