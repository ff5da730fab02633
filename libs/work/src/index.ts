/** Public API of @app/work. */
export * from './core';
