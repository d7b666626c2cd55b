export { field } from './field';
export { formFailure, parseForm, type FormFailure, type Parsed } from './parse-form';
export { failureOf, formResult, resultOf } from './form-result';
