export { field } from './field';
export { formFailure, parseForm, textValues, type FormFailure, type Parsed } from './parse-form';
export { failureOf, formResult, resultOf } from './form-result';
