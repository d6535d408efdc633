// The callback dialler's port is the callbacks' own (src/callbacks/dialler-port.ts); the exchange's
// adapters implement it through this name.
export * from '../../callbacks/dialler-port.ts';
