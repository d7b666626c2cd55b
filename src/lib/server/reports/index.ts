export { loadReportPage } from './page';
export { exportCsv, exportPageSize } from './export';
export { fetchToday, filtersFor, reportFailure } from './queries';
export { todayJson } from './today';
