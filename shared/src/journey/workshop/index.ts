export * from './extract.ts';
export * from './model.ts';
export * from './shapes.ts';
export * from './templates.ts';
export * from './vocabulary.ts';
export * from './report.ts';
