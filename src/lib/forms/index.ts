export { field } from './field';
export { formFailure, parseForm, type FormFailure, type Parsed } from './parse-form';
