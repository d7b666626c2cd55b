export {
	loadArticle,
	loadCategories,
	loadCategory,
	searchHelpCenter,
	type HelpArticle,
	type HelpArticleSummary,
	type HelpCategory,
	type SearchHit
} from './help-center';
export { recordView, vote, votesOf, type VoteOutcome } from './feedback';
export {
	createArticle,
	createCategory,
	deleteCategory,
	loadCategoriesForEditing,
	loadEditableArticle,
	loadRevisions,
	loadStaffArticles,
	orderCategories,
	renameCategory,
	restoreRevision,
	setArticleStatus,
	updateArticle,
	type ArticleFilters,
	type EditableArticle,
	type KbCategory,
	type Refusal,
	type Revision,
	type StaffArticle
} from './editor';
export { editorActions } from './editor-actions';
export { diffRevisions, type DiffLine, type RevisionDiff } from './revision-diff';
