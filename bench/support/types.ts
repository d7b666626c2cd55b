export interface BenchRow {
	suite: string;
	case: string;
	/** `pglite (memory)` or `postgres 15`. */
	database: string;
	metric: string;
	value: number;
	unit: string;
	/** The goal the issue sets, in words, when it sets one. */
	target?: string;
}

export interface BenchSuite {
	name: string;
	run(): Promise<BenchRow[]>;
}
