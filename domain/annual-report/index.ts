/**
 * Annual report (政府信息公开工作年度报告) domain: the 2021 template as data, the content types, and
 * the shape and arithmetic checks. Pure and dependency-free, so the API server, Temporal workflow
 * code and the console all import the same rules.
 */
export * from './template';
export * from './report';
export * from './validate';
export * from './changes';
export * from './paste';
export * from './numbers';
export * from './content';
export * from './duplication';
export * from './xlsxLayout';
export * from './summary';
