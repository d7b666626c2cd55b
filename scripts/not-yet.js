// Stands in for a script whose issue has not landed: says so and fails, never pretends.
const [script, issue] = process.argv.slice(2);
console.error(`npm run ${script} is not yet available (it arrives with the issue "${issue}").`);
process.exit(1);
