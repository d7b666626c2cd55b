// `/upload/resumable[/<id>]`: TUS resumable uploads, handed to @tus/server (see `../resumable`).
import type { ResumableUploads } from '../resumable';
import type { StorageRoute } from '../router';

export function resumableRoutes(uploads: ResumableUploads): StorageRoute[] {
	const handle = uploads.handle;
	return [
		{ method: 'POST', pattern: '/upload/resumable', handle },
		{ method: 'OPTIONS', pattern: '/upload/resumable', handle },
		{ method: 'POST', pattern: '/upload/resumable/*', handle },
		{ method: 'HEAD', pattern: '/upload/resumable/*', handle },
		{ method: 'PATCH', pattern: '/upload/resumable/*', handle },
		{ method: 'DELETE', pattern: '/upload/resumable/*', handle },
		{ method: 'OPTIONS', pattern: '/upload/resumable/*', handle }
	];
}
