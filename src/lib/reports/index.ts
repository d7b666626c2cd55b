export * from './filters';
export * from './report';
export * from './datasets';
export * from './csv';
