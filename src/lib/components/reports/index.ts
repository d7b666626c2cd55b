export { default as ReportView } from './report-view.svelte';
