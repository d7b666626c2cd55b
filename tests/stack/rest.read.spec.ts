// Reads through postgrest-js: columns, aliases, casts, JSON paths, and embedded resources in every
// direction, as PostgREST answers them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestStack, type RestHarness } from './fixtures/rest/harness';

let h: RestHarness;
beforeAll(async () => {
	h = await startRestStack();
});
afterAll(() => h?.stack.stop());

describe('selecting columns', () => {
	it('returns every column with values as PostgreSQL serializes them to JSON', async () => {
		const { data, error, status } = await h.service.from('tasks').select('*').eq('id', 1).single();
		expect(error).toBeNull();
		expect(status).toBe(200);
		expect(data).toEqual({
			id: 1,
			project_id: 1,
			parent_id: null,
			assignee_id: 1,
			title: 'Design the engine',
			state: 'done',
			priority: 1,
			due: '2024-03-01',
			details: { size: 'L', tags: ['core'] },
			estimate: '2 days',
			body: "'design':1 'engin':3"
		});
		const person = await h.service
			.from('people')
			.select('created_at, nicknames')
			.eq('id', 2)
			.single();
		expect(person.data).toEqual({
			created_at: '2024-01-01T00:00:00+00:00',
			nicknames: ['amazing', 'admiral']
		});
		const project = await h.service.from('projects').select('budget').eq('id', 1).single();
		expect(project.data).toEqual({ budget: 1000.5 });
	});

	it('keeps the body exactly as json_agg prints it', async () => {
		const response = await h.raw('/teams?select=id,name&order=id&limit=2');
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(await response.text()).toBe('[{"id":1,"name":"Core"}, \n {"id":2,"name":"Web"}]');
	});

	it('renames with alias:column and casts with ::type', async () => {
		const { data } = await h.anon
			.from('tasks')
			.select('key:id::text, title, prio:priority')
			.eq('id', 2)
			.single();
		expect(data).toEqual({ key: '2', title: 'Build the mill', prio: 2 });
	});

	it('reads into JSON with -> and ->>, named after the last key', async () => {
		const { data } = await h.anon
			.from('people')
			.select('name, city:profile->>city, profile->langs->0, profile->age')
			.eq('id', 1)
			.single();
		expect(data).toEqual({ name: 'Ada', city: 'London', langs: 'en', age: 36 });
	});

	it('selects everything when the select is empty', async () => {
		const { data } = await h.anon.from('teams').select('').eq('id', 1);
		expect(data).toEqual([{ id: 1, name: 'Core' }]);
	});

	it('answers HEAD with headers only', async () => {
		const { data, count, status } = await h.anon
			.from('tasks')
			.select('*', { head: true, count: 'exact' });
		expect(status).toBe(200);
		expect(data).toBeNull();
		expect(count).toBe(5);
	});

	it('answers text/csv with a header line and PostgreSQL record text', async () => {
		const { data } = await h.anon
			.from('tasks')
			.select('id,title,priority')
			.in('id', [3, 5])
			.order('id')
			.csv();
		expect(data).toBe('id,title,priority\n3,"Write the notes",\n5,"Fix the footer, (urgent)",1');
	});

	it('strips nulls when asked', async () => {
		const { data } = await h.anon.from('tasks').select('id,priority,due').eq('id', 3).stripNulls();
		expect(data).toEqual([{ id: 3 }]);
	});
});

describe('embedding resources', () => {
	it('embeds a many-to-one as an object, or null when there is none', async () => {
		const { data } = await h.anon.from('projects').select('name, teams(name)').order('id');
		expect(data).toEqual([
			{ name: 'Engine', teams: { name: 'Core' } },
			{ name: 'Website', teams: { name: 'Web' } },
			{ name: 'Orphan', teams: null }
		]);
	});

	it('embeds a one-to-many as an array, empty when there is none', async () => {
		const { data } = await h.anon.from('teams').select('name, projects(name)').order('id');
		expect(data).toEqual([
			{ name: 'Core', projects: [{ name: 'Engine' }] },
			{ name: 'Web', projects: [{ name: 'Website' }] },
			{ name: 'Empty', projects: [] }
		]);
	});

	it('embeds a one-to-one as an object from either side', async () => {
		const people = await h.anon
			.from('people')
			.select('name, person_details(bio)')
			.in('id', [1, 3])
			.order('id');
		expect(people.data).toEqual([
			{ name: 'Ada', person_details: { bio: 'First programmer' } },
			{ name: 'Linus', person_details: null }
		]);
		const details = await h.anon
			.from('person_details')
			.select('bio, people(name)')
			.eq('person_id', 2);
		expect(details.data).toEqual([{ bio: 'Found a moth', people: { name: 'Grace' } }]);
	});

	it('embeds a many-to-many through its junction table', async () => {
		const { data } = await h.anon
			.from('tasks')
			.select('id, labels(name)')
			.in('id', [2, 3])
			.order('id');
		expect(data).toEqual([
			{ id: 2, labels: [{ name: 'feature' }, { name: 'chore' }] },
			{ id: 3, labels: [] }
		]);
		const labels = await h.anon.from('labels').select('name, tasks(id)').eq('id', 2);
		expect(labels.data).toEqual([{ name: 'feature', tasks: [{ id: 1 }, { id: 2 }] }]);
	});

	it('follows a self reference both ways: by column to the parent, by table to the children', async () => {
		const { data } = await h.anon
			.from('people')
			.select('name, manager:manager_id(name), reports:people(name)')
			.order('id');
		expect(data).toEqual([
			{ name: 'Ada', manager: null, reports: [{ name: 'Grace' }, { name: 'Linus' }] },
			{ name: 'Grace', manager: { name: 'Ada' }, reports: [] },
			{ name: 'Linus', manager: { name: 'Ada' }, reports: [{ name: 'Margaret' }] },
			{ name: 'Margaret', manager: { name: 'Linus' }, reports: [] }
		]);
	});

	it('disambiguates two foreign keys with !hint, by constraint or by column', async () => {
		const { data } = await h.anon
			.from('projects')
			.select('name, owner:people!projects_owner_id_fkey(name), lead:people!lead_id(name)')
			.eq('id', 1)
			.single();
		expect(data).toEqual({ name: 'Engine', owner: { name: 'Ada' }, lead: { name: 'Grace' } });
	});

	it('answers an ambiguous embed with 300 PGRST201 listing the candidates', async () => {
		const { error, status } = await h.anon.from('projects').select('name, people(name)');
		expect(status).toBe(300);
		expect(error).toEqual({
			code: 'PGRST201',
			message:
				"Could not embed because more than one relationship was found for 'projects' and 'people'",
			details: [
				{
					cardinality: 'many-to-one',
					embedding: 'projects with people',
					relationship: 'projects_lead_id_fkey using projects(lead_id) and people(id)'
				},
				{
					cardinality: 'many-to-one',
					embedding: 'projects with people',
					relationship: 'projects_owner_id_fkey using projects(owner_id) and people(id)'
				}
			],
			hint: "Try changing 'people' to one of the following: 'people!projects_lead_id_fkey', 'people!projects_owner_id_fkey'. Find the desired relationship in the 'details' key."
		});
	});

	it('nests embeds', async () => {
		const { data } = await h.anon
			.from('tasks')
			.select('id, projects(name, teams(name, people(name)))')
			.eq('id', 4)
			.single();
		expect(data).toEqual({
			id: 4,
			projects: {
				name: 'Website',
				teams: { name: 'Web', people: [{ name: 'Linus' }, { name: 'Margaret' }] }
			}
		});
	});

	it('keeps only parents with a match under !inner, all of them under !left', async () => {
		const inner = await h.anon.from('projects').select('name, teams!inner(name)').order('id');
		expect(inner.data?.map((p) => p.name)).toEqual(['Engine', 'Website']);
		const left = await h.anon.from('projects').select('name, teams!left(name)').order('id');
		expect(left.data?.map((p) => p.name)).toEqual(['Engine', 'Website', 'Orphan']);
	});

	it('filters parents through an inner embed that selects nothing', async () => {
		const { data } = await h.anon
			.from('tasks')
			.select('id, projects!inner()')
			.eq('projects.name', 'Website')
			.order('id');
		expect(data).toEqual([{ id: 4 }, { id: 5 }]);
	});

	it('filters, orders and limits inside an embed without dropping parents', async () => {
		const { data } = await h.anon
			.from('projects')
			.select('name, tasks(id)')
			.in('id', [1, 2])
			.gt('tasks.id', 1)
			.order('id', { referencedTable: 'tasks', ascending: false })
			.limit(1, { referencedTable: 'tasks' })
			.order('id');
		expect(data).toEqual([
			{ name: 'Engine', tasks: [{ id: 3 }] },
			{ name: 'Website', tasks: [{ id: 5 }] }
		]);
		const paged = await h.anon
			.from('projects')
			.select('name, tasks(id)')
			.eq('id', 1)
			.order('id', { referencedTable: 'tasks' })
			.range(1, 2, { referencedTable: 'tasks' });
		expect(paged.data).toEqual([{ name: 'Engine', tasks: [{ id: 2 }, { id: 3 }] }]);
		const embeddedOr = await h.anon
			.from('projects')
			.select('name, tasks(id)')
			.eq('id', 1)
			.or('id.eq.1,id.eq.3', { referencedTable: 'tasks' });
		expect(embeddedOr.data).toEqual([{ name: 'Engine', tasks: [{ id: 1 }, { id: 3 }] }]);
	});

	it('nulls a to-one embed its filter excludes, and drops the parent under !inner', async () => {
		const left = await h.anon
			.from('tasks')
			.select('id, projects(name)')
			.eq('projects.name', 'Engine')
			.in('id', [1, 4])
			.order('id');
		expect(left.data).toEqual([
			{ id: 1, projects: { name: 'Engine' } },
			{ id: 4, projects: null }
		]);
	});

	it('filters on whether an embed is null with rel=is.null and rel=not.is.null', async () => {
		const withTeam = await h.anon
			.from('projects')
			.select('name, teams(name)')
			.not('teams', 'is', null)
			.order('id');
		expect(withTeam.data?.map((p) => p.name)).toEqual(['Engine', 'Website']);
		const withoutTasks = await h.anon.from('projects').select('name, tasks(id)').is('tasks', null);
		expect(withoutTasks.data).toEqual([{ name: 'Orphan', tasks: [] }]);
	});

	it('spreads a to-one embed into the parent, and a to-many into arrays', async () => {
		const { data } = await h.anon
			.from('tasks')
			.select('id, ...projects(project:name, ...teams(team:name))')
			.eq('id', 2)
			.single();
		expect(data).toEqual({ id: 2, project: 'Engine', team: 'Core' });
		const many = await h.anon
			.from('projects')
			.select('name, ...tasks(task_ids:id)')
			.eq('id', 2)
			.single();
		expect(many.data).toEqual({ name: 'Website', task_ids: [4, 5] });
	});

	it('embeds through a view whose columns carry a foreign key', async () => {
		const { data } = await h.anon
			.from('open_tasks')
			.select('id, projects(name)')
			.order('id')
			.limit(2);
		expect(data).toEqual([
			{ id: 2, projects: { name: 'Engine' } },
			{ id: 3, projects: { name: 'Engine' } }
		]);
		const reverse = await h.anon
			.from('projects')
			.select('name, open_tasks(id)')
			.eq('id', 2)
			.single();
		expect(reverse.data).toEqual({ name: 'Website', open_tasks: [{ id: 4 }, { id: 5 }] });
	});

	it('answers an embed without a relationship with 400 PGRST200 and a suggestion', async () => {
		const { error, status } = await h.anon.from('teams').select('name, projcts(name)');
		expect(status).toBe(400);
		expect(error).toEqual({
			code: 'PGRST200',
			message: "Could not find a relationship between 'teams' and 'projcts' in the schema cache",
			details:
				"Searched for a foreign key relationship between 'teams' and 'projcts' in the schema 'public', but no matches were found.",
			hint: "Perhaps you meant 'projects' instead of 'projcts'."
		});
		const hinted = await h.anon.from('projects').select('people!nope(name)');
		expect(hinted.error?.details).toBe(
			"Searched for a foreign key relationship between 'projects' and 'people' using the hint 'nope' in the schema 'public', but no matches were found."
		);
	});
});

describe('schemas', () => {
	it('reads another exposed schema chosen with Accept-Profile and names it in Content-Profile', async () => {
		const client = h.anon.schema('reporting');
		const { data } = await client.from('summaries').select('title').order('id');
		expect(data).toEqual([{ title: 'weekly' }, { title: 'monthly' }]);
		const response = await h.raw('/summaries?select=id', {
			headers: { 'Accept-Profile': 'reporting' }
		});
		expect(response.headers.get('content-profile')).toBe('reporting');
	});

	it('refuses a schema that is not exposed with 406 PGRST106', async () => {
		const client = h.anon.schema('private');
		const { error, status } = await client.from('secrets').select();
		expect(status).toBe(406);
		expect(error).toEqual({
			code: 'PGRST106',
			message: 'Invalid schema: private',
			details: null,
			hint: 'Only the following schemas are exposed: public, reporting'
		});
	});
});
