// [inbucket]'s defaults, apart from the schema so that `npm run dev` can read the mail catcher's ports
// without loading zod (see mail-ports.ts).
export const inbucketDefaults = { enabled: true, port: 54324 } as const;
