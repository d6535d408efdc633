// The Communication Standard as data and pure functions: no I/O, no clock.
// Shared by the live operator script and by automatic scoring.

export * from './requirements.ts';
export * from './phrases.ts';
export * from './instant.ts';
export * from './greeting.ts';
export * from './script.ts';
export * from './limits.ts';
export * from './steps.ts';
export * from './appeals.ts';
