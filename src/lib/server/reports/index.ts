export { loadReportPage } from './page';
export { exportCsv } from './export';
export { exportPageSize } from './ticket-pages';
export { fetchToday, filtersFor, reportFailure } from './queries';
export { todayJson } from './today';
