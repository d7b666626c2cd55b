// TOTP as GoTrue does it (pquerna/otp): a 20-byte secret in base32, SHA-1, 6 digits, 30-second
// periods, a code accepted one period either side; the otpauth:// URI in Go's order; and the QR
// code of that URI as the SVG GoTrue returns (black modules on white, no `#` so it works as the
// `data:image/svg+xml;utf-8,` URL supabase-js makes of it).
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const period = 30;
const digits = 6;

export const generateTotpSecret = () => new Secret({ size: 20 }).base32;

// Go's url.URL path escaping keeps these as they are; encodeURIComponent would escape them.
const pathEscape = (text: string) =>
	encodeURIComponent(text).replace(/%(24|26|2B|2C|3A|3B|3D|40)/g, (escaped) =>
		decodeURIComponent(escaped)
	);

/** `otpauth://totp/<issuer>:<account>?algorithm=SHA1&digits=6&issuer=…&period=30&secret=…` */
export function totpUri(issuer: string, account: string, secret: string): string {
	const query = new URLSearchParams({
		algorithm: 'SHA1',
		digits: String(digits),
		issuer,
		period: String(period),
		secret
	});
	return `otpauth://totp/${pathEscape(`${issuer}:${account}`)}?${query}`;
}

/** True when `code` is the code of the current period or of one either side of it. */
export function validTotp(code: string, secret: string, timestamp = Date.now()): boolean {
	const token = code.trim();
	if (!/^\d{6}$/.test(token)) return false;
	const totp = new TOTP({
		algorithm: 'SHA1',
		digits,
		period,
		secret: Secret.fromBase32(secret)
	});
	return totp.validate({ token, timestamp, window: 1 }) !== null;
}

const moduleSize = 3;
const quietZone = 4;

/** The QR code of `text` (error correction H, as GoTrue) as an SVG document. */
export function qrCodeSvg(text: string): string {
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'H' });
	const size = (modules.size + 2 * quietZone) * moduleSize;
	let path = '';
	for (let row = 0; row < modules.size; row++) {
		let col = 0;
		while (col < modules.size) {
			if (!modules.get(row, col)) {
				col++;
				continue;
			}
			const start = col;
			while (col < modules.size && modules.get(row, col)) col++;
			const x = (start + quietZone) * moduleSize;
			const y = (row + quietZone) * moduleSize;
			path += `M${x} ${y}h${(col - start) * moduleSize}v${moduleSize}h-${(col - start) * moduleSize}z`;
		}
	}
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
		`<rect width="${size}" height="${size}" fill="white"/><path fill="black" d="${path}"/></svg>`
	);
}
