import QRCode from 'qrcode';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { generateTotpSecret, qrCodeSvg, totpUri, validTotp } from './totp';

const codeAt = (secret: string, timestamp: number) =>
	new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp });

describe('TOTP as GoTrue does it', () => {
	it('makes 20-byte base32 secrets', () => {
		expect(generateTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
		expect(generateTotpSecret()).not.toBe(generateTotpSecret());
	});

	it('writes the otpauth URI in Go’s order and escaping', () => {
		expect(totpUri('localhost:5173', 'agent@autocrm.test', 'ABC')).toBe(
			'otpauth://totp/localhost:5173:agent@autocrm.test?algorithm=SHA1&digits=6&issuer=localhost%3A5173&period=30&secret=ABC'
		);
		expect(totpUri('Auto CRM', 'a b@x.test', 'ABC')).toBe(
			'otpauth://totp/Auto%20CRM:a%20b@x.test?algorithm=SHA1&digits=6&issuer=Auto+CRM&period=30&secret=ABC'
		);
	});

	it('accepts the code of this period and of one either side, nothing older', () => {
		const secret = generateTotpSecret();
		const now = Date.now();
		for (const offset of [-30_000, 0, 30_000]) {
			expect(validTotp(codeAt(secret, now + offset), secret, now)).toBe(true);
		}
		const stale = codeAt(secret, now - 90_000);
		const current = [-30_000, 0, 30_000].map((offset) => codeAt(secret, now + offset));
		if (!current.includes(stale)) expect(validTotp(stale, secret, now)).toBe(false);
		expect(validTotp(` ${codeAt(secret, now)} `, secret, now)).toBe(true);
		expect(validTotp('12345', secret, now)).toBe(false);
		expect(validTotp('12345a', secret, now)).toBe(false);
	});

	it('draws every module of the QR code, and nothing a data URL cannot carry', () => {
		const text = totpUri('AutoCRM', 'agent@autocrm.test', generateTotpSecret());
		const svg = qrCodeSvg(text);
		expect(svg).not.toMatch(/[#%]/);
		const { modules } = QRCode.create(text, { errorCorrectionLevel: 'H' });
		const drawn = new Set<string>();
		const path = /d="([^"]+)"/.exec(svg)![1];
		for (const [, x, y, width] of path.matchAll(/M(\d+) (\d+)h(\d+)v3h-\d+z/g)) {
			for (let col = Number(x) / 3 - 4; col < (Number(x) + Number(width)) / 3 - 4; col++) {
				drawn.add(`${Number(y) / 3 - 4},${col}`);
			}
		}
		for (let row = 0; row < modules.size; row++) {
			for (let col = 0; col < modules.size; col++) {
				expect(drawn.has(`${row},${col}`)).toBe(Boolean(modules.get(row, col)));
			}
		}
	});
});
