// The profile page's forms: name, email change, password change and notification preferences,
// with messages a person can act on.
import { z } from 'zod';
import { emailAddress, fullName, newPassword } from '$lib/auth';

export const nameForm = z.object({ full_name: fullName });

export const emailChangeForm = z.object({ email: emailAddress });

/** The emailed code GoTrue asks for when the project requires reauthentication for a password change. */
const reauthenticationCode = z
	.string()
	.transform((value) => value.replace(/\s/g, ''))
	.pipe(z.string().regex(/^\d{6,10}$/, { error: 'Enter the code from the email we sent you.' }));

export const passwordChangeForm = z
	.object({
		password: newPassword,
		confirm_password: z.string({ error: 'Type the new password again.' }),
		nonce: z
			.string()
			.optional()
			.transform((value) => (value?.trim() ? value : undefined))
			.pipe(reauthenticationCode.optional())
	})
	.refine((form) => form.confirm_password === form.password, {
		error: 'The two passwords differ.',
		path: ['confirm_password']
	});

/** Where the avatar the browser uploaded lies: `<user id>/<uuid>.<ext>` in the `avatars` bucket. */
export const avatarForm = (userId: string) =>
	z.object({
		avatar_path: z
			.string({ error: 'Choose a picture first.' })
			.refine(
				(path) =>
					path.startsWith(`${userId}/`) &&
					/^[0-9a-f-]{36}\/[0-9a-f-]{36}\.(png|jpg|webp|gif)$/.test(path),
				{ error: 'Upload the picture again.' }
			)
	});
