export { statusLabels, visibilityLabels } from './labels';
export {
	articleForm,
	articleId,
	categoryForm,
	maxArticleLength,
	parseTags,
	readVisibility,
	slugify,
	type ArticleInput
} from './forms';
