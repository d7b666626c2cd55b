export { cronService } from './service';
