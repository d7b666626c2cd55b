// Form actions read their input with `request.formData()`, which throws on a body it cannot parse.
// Every POST to a page is checked here once, so each action answers 415 or 400 with a message a
// person can read, instead of 500.
import { error, json, type Handle, type RequestEvent } from '@sveltejs/kit';
import { mediaTypeOf } from './cross-site-forms';

const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data'];

// Routes with a +server file take their own bodies; every other POST is a form action.
const endpointRoutes = new Set(
	Object.keys(import.meta.glob('/src/routes/**/+server.{js,ts}')).map(
		(file) => file.replace(/^\/src\/routes/, '').replace(/\/\+server\.(js|ts)$/, '') || '/'
	)
);

export type BodyProblem = { status: 415 | 400; message: string };

/** Why a form action could not read this request's body, or undefined when it can. */
export async function actionBodyProblem(request: Request): Promise<BodyProblem | undefined> {
	if (!formTypes.includes(mediaTypeOf(request))) {
		return {
			status: 415,
			message:
				'This form takes form data (application/x-www-form-urlencoded or multipart/form-data).'
		};
	}
	try {
		await request.clone().formData();
	} catch {
		return {
			status: 400,
			message: 'The form data could not be read. Reload the page and try again.'
		};
	}
}

const isFormAction = (event: RequestEvent) =>
	event.request.method === 'POST' && event.route.id !== null && !endpointRoutes.has(event.route.id);

export const checkActionBodies: Handle = async ({ event, resolve }) => {
	if (!isFormAction(event)) return resolve(event);
	const problem = await actionBodyProblem(event.request);
	if (!problem) return resolve(event);
	// `use:enhance` reads an ActionResult; a plain form post gets the error page.
	if (event.request.headers.get('x-sveltekit-action') === 'true') {
		return json({ type: 'error', error: { message: problem.message } }, { status: problem.status });
	}
	error(problem.status, problem.message);
};
