// A prop that a component's own props type declares but that its `$props()` destructuring never takes:
// callers pass it and nothing reads it. svelte/no-unused-props (eslint-plugin-svelte) finds these
// through the TypeScript program, which made ESLint parse every .svelte file with types, most of its
// CPU. This project's components spell their props type out in the component, so the syntax is enough.
// As svelte/no-unused-props did by default, types from other modules are not checked; unlike it, the
// properties of a prop's own object type are not either.

/** @import { Rule } from 'eslint' */

/** The name a key spells, unless it is computed. */
const keyName = (node) =>
	node.computed ? null : node.key.type === 'Identifier' ? node.key.name : String(node.key.value);

/** @type {Rule.RuleModule} */
export default {
	meta: {
		type: 'suggestion',
		docs: {
			description: "Every prop a component's own props type declares is taken from $props()."
		},
		messages: { unused: "'{{name}}' is declared as a prop but never taken from $props()." },
		schema: []
	},
	create(context) {
		/** The file's type aliases and interfaces, by name. */
		const declared = new Map();
		/** The typed object patterns that `$props()` is destructured into. */
		const patterns = [];

		/** The members of the local type `name` (with those of the local interfaces it extends). */
		const localMembers = (name, seen) => {
			const local = declared.get(name);
			if (!local || seen.has(name)) return [];
			seen.add(name);
			if (local.type === 'TSTypeAliasDeclaration') return members(local.typeAnnotation, seen);
			const inherited = local.extends.flatMap((heritage) =>
				heritage.expression.type === 'Identifier'
					? localMembers(heritage.expression.name, seen)
					: []
			);
			return [...local.body.body, ...inherited];
		};

		/** The members of a type written out in the file; a type from elsewhere has none here. */
		const members = (type, seen) => {
			if (type.type === 'TSTypeLiteral') return type.members;
			if (type.type === 'TSIntersectionType')
				return type.types.flatMap((part) => members(part, seen));
			if (type.type === 'TSTypeReference' && type.typeName.type === 'Identifier') {
				return localMembers(type.typeName.name, seen);
			}
			return [];
		};

		return {
			TSTypeAliasDeclaration(node) {
				declared.set(node.id.name, node);
			},
			TSInterfaceDeclaration(node) {
				declared.set(node.id.name, node);
			},
			'VariableDeclarator[init.type="CallExpression"][init.callee.name="$props"]'(node) {
				if (node.id.type === 'ObjectPattern' && node.id.typeAnnotation) patterns.push(node.id);
			},
			// Types may be declared below the destructuring.
			'Program:exit'() {
				for (const pattern of patterns) {
					// A rest element takes every prop the pattern does not name.
					if (pattern.properties.some((property) => property.type === 'RestElement')) continue;
					const taken = new Set(pattern.properties.map(keyName));
					for (const member of members(pattern.typeAnnotation.typeAnnotation, new Set())) {
						if (member.type !== 'TSPropertySignature' && member.type !== 'TSMethodSignature')
							continue;
						const name = keyName(member);
						if (name !== null && !taken.has(name)) {
							context.report({ node: member, messageId: 'unused', data: { name } });
						}
					}
				}
			}
		};
	}
};
