// GoTrue's password verification attempt hook: after every password check on the password grant,
// `{user_id, valid}` goes to the configured function in a transaction of its own (so what it records
// stays even though the sign-in then fails); `{"decision": "reject"}` answers 400
// `invalid_credentials` with the hook's message (or GoTrue's default one) and, when
// `should_logout_user` is set, first ends every session of the user.
import type { Database } from '../db';
import { badRequest, internal } from './errors';
import { hookMetadata, invokePgHook } from './pg-hook';
import { endAllSessions } from './sessions';
import type { HookTarget } from './settings';
import { asAuthAdmin } from './transaction';

export const defaultRejectionMessage = 'Further password verification attempts will be rejected.';

interface Decision {
	decision?: string;
	message?: string;
	should_logout_user?: boolean;
}

const optional = (value: unknown, type: 'string' | 'boolean') =>
	value === undefined || value === null || typeof value === type;

/** Reads the output as Go's `json.Unmarshal` into GoTrue's struct would: wrong types fail. */
function readDecision(output: Record<string, unknown> | null): Decision {
	if (output === null) return {};
	const { decision, message, should_logout_user } = output;
	if (
		!optional(decision, 'string') ||
		!optional(message, 'string') ||
		!optional(should_logout_user, 'boolean')
	) {
		throw internal('Error unmarshaling JSON output.');
	}
	return output as Decision;
}

/** Runs the hook for one password check; throws the rejection GoTrue would answer with. */
export async function runPasswordVerificationHook(
	db: Database,
	hook: HookTarget,
	input: { userId: string; valid: boolean; ip: string }
): Promise<void> {
	const rejection = await asAuthAdmin(db, async (tx) => {
		const output = await invokePgHook(tx, hook, {
			metadata: hookMetadata('password-verification', input.ip),
			user_id: input.userId,
			valid: input.valid
		});
		const { decision, message, should_logout_user } = readDecision(output);
		if (decision !== 'reject') return undefined;
		if (should_logout_user) await endAllSessions(tx, input.userId);
		return message || defaultRejectionMessage;
	});
	// Thrown once the transaction has committed, so what the hook recorded and a logout stick.
	if (rejection !== undefined) throw badRequest('invalid_credentials', rejection);
}
