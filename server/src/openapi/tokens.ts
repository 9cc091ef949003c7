export const OPENAPI_DOC = Symbol('OPENAPI_DOC');
