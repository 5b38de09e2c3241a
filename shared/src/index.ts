export * from './api.ts';
export * from './boardId.ts';
export * from './closeCodes.ts';
export * from './docLayout.ts';
export * from './protocol.ts';
export * from './journey/index.ts';
export * from './boardSchema.ts';
export * from './roles.ts';
