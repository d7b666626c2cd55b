// The rows Storage keeps in `storage.buckets` and `storage.objects`, as the stack reads them.

export interface BucketRow {
	id: string;
	name: string;
	owner: string | null;
	owner_id: string | null;
	public: boolean;
	file_size_limit: number | null;
	allowed_mime_types: string[] | null;
	created_at: string;
	updated_at: string;
}

/** What Storage records about the bytes of an object, in `storage.objects.metadata`. */
export interface ObjectMetadata {
	eTag: string;
	size: number;
	mimetype: string;
	cacheControl: string;
	lastModified: string;
	contentLength: number;
	httpStatusCode: number;
}

export interface ObjectRow {
	id: string;
	bucket_id: string;
	name: string;
	owner: string | null;
	owner_id: string | null;
	version: string | null;
	metadata: ObjectMetadata | null;
	user_metadata: Record<string, unknown> | null;
	created_at: string;
	updated_at: string;
	last_accessed_at: string;
}
