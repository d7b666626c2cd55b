// The signed-in person as every page shows them: who the verified claims say, with the name and
// picture of their profile (which they change on /account/profile, so the token's sign-up name
// may be stale). Read once per request, however many layouts ask.
// Not the account barrel: its forms and validators are not needed to render any page's viewer.
import { avatarSrc } from '$lib/account/avatar-url';
import { viewerFrom, type AppClaims, type Role, type Viewer } from '$lib/auth';

const cache = new WeakMap<App.Locals, Promise<Viewer>>();

async function read(locals: App.Locals, base: Viewer): Promise<Viewer> {
	const { data } = await locals.supabase
		.from('profiles')
		.select('full_name, avatar_path')
		.eq('id', base.id)
		.maybeSingle();
	if (!data) return base;
	const name = data.full_name.trim();
	const picture = avatarSrc(data.avatar_path);
	return {
		...base,
		...(name ? { name } : {}),
		...(picture ? { avatarUrl: picture } : {})
	};
}

/** The viewer of a request whose claims the guard verified. */
export function loadViewer(locals: App.Locals, claims: AppClaims, role: Role): Promise<Viewer> {
	let viewer = cache.get(locals);
	if (!viewer) {
		viewer = read(locals, viewerFrom(claims, role));
		cache.set(locals, viewer);
	}
	return viewer;
}
