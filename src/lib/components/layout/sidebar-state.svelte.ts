// Whether the sidebar is collapsed to icons, remembered in a cookie so the server renders it the
// same way on the next visit (no jump on load).
export const sidebarCookie = 'sidebar';

export class SidebarState {
	collapsed = $state(false);
	/** The narrow-screen navigation sheet. */
	mobileOpen = $state(false);

	constructor(collapsed: boolean) {
		this.collapsed = collapsed;
	}

	toggle() {
		this.collapsed = !this.collapsed;
		document.cookie = `${sidebarCookie}=${this.collapsed ? 'collapsed' : 'expanded'}; path=/; max-age=31536000; samesite=lax`;
	}
}
