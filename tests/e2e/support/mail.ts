// The stack's mail catcher as the e2e suites read it: the app's emails, found by recipient and subject.
import { expect } from '@playwright/test';
import { devState } from './dev-state';

export interface Mail {
	to: string;
	subject: string;
	text: string | null;
	links: string[];
	/** Header fields as received over SMTP, by lower-case name. */
	headers: Record<string, string>;
}

/** Every email the mail catcher holds, newest first. */
export const allMail = async () =>
	(await (await fetch(`${devState().stackUrl}/mail`)).json()) as Mail[];

/** The first email to `address` whose subject matches, once it has arrived. */
export async function mailTo(address: string, subject: RegExp): Promise<Mail> {
	let found: Mail | undefined;
	await expect
		.poll(
			async () => {
				const mail = await allMail();
				found = mail.find((m) => m.to.includes(address) && subject.test(m.subject));
				return Boolean(found);
			},
			{ timeout: 20_000 }
		)
		.toBe(true);
	return found!;
}
