export { default as NotificationBell } from './notification-bell.svelte';
export { Notifications, notificationsQuery, unreadCountQuery } from './notifications.svelte';
