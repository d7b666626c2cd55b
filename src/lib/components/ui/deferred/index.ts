import Deferred from './deferred.svelte';

export { Deferred };
