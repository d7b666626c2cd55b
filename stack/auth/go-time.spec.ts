import { describe, expect, it } from 'vitest';
import { goTime } from './go-time';
import { parseGoDuration } from './go-duration';

describe('Go time formats', () => {
	it("print PostgreSQL's timestamps as Go's JSON does", () => {
		expect(goTime('2024-05-01 10:20:30.123400+00')).toBe('2024-05-01T10:20:30.1234Z');
		expect(goTime('2024-05-01T10:20:30+00:00')).toBe('2024-05-01T10:20:30Z');
		expect(goTime('2024-05-01 12:20:30.5+02')).toBe('2024-05-01T10:20:30.5Z');
		expect(goTime(null)).toBeNull();
	});

	it('parse Go durations as GoTrue reads ban_duration', () => {
		expect(parseGoDuration('24h')).toBe(86_400_000);
		expect(parseGoDuration('1h30m')).toBe(5_400_000);
		expect(parseGoDuration('0')).toBe(0);
		expect(parseGoDuration('soon')).toBeUndefined();
	});
});
