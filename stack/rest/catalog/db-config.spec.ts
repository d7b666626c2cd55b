import { describe, expect, it } from 'vitest';
import { coerceBool, defaultDbConfig, toDbConfig } from './db-config';

describe("PostgREST's in-database configuration", () => {
	it('reads booleans as PostgREST does: any spelling of true or false, or an integer', () => {
		expect(['true', 'TRUE', 'True', '"true"', '1', '7'].map(coerceBool)).toEqual(
			Array(6).fill(true)
		);
		expect(['false', 'FALSE', '0', '-1'].map(coerceBool)).toEqual(Array(4).fill(false));
		expect(['yes', 'on', ''].map(coerceBool)).toEqual([undefined, undefined, undefined]);
	});

	it('takes the settings it knows, defaulting the rest, an empty value counting as none', () => {
		const lines: string[] = [];
		const config = toDbConfig(
			[
				{ key: 'db_aggregates_enabled', value: 'true' },
				{ key: 'db_plan_enabled', value: 'on' },
				{ key: 'db_tx_end', value: '' },
				{ key: 'db_max_rows', value: '5' }
			],
			defaultDbConfig,
			(line) => lines.push(line)
		);
		expect(config).toEqual({ aggregatesEnabled: true, planEnabled: false, txEnd: 'commit' });
		expect(lines).toEqual([]);
	});

	it('keeps the configuration it had when db_tx_end is not one PostgREST knows, and says so', () => {
		const lines: string[] = [];
		const previous = { aggregatesEnabled: true, planEnabled: true, txEnd: 'rollback' as const };
		expect(
			toDbConfig([{ key: 'db_tx_end', value: 'sometimes' }], previous, (line) => lines.push(line))
		).toBe(previous);
		expect(lines).toEqual([
			"rest: pgrst.db_tx_end = 'sometimes': Invalid transaction termination. Check your configuration."
		]);
	});
});
