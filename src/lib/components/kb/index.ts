export { default as HelpSearch } from './help-search.svelte';
export { default as ArticleLink } from './article-link.svelte';
export { default as VoteForm } from './vote-form.svelte';
export { default as ArticleEditor } from './article-editor.svelte';
export { default as ArticleSuggestions } from './article-suggestions.svelte';
export { default as SuggestedArticles } from './suggested-articles.svelte';
