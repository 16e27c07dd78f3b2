// The sample payloads live beside the demo seed, which uses them too.
export * from '../../src/database/seed/procedure-samples.js';
