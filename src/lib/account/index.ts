export { avatarFileProblem, avatarObjectPath, avatarTypes, maxAvatarBytes } from './avatar-file';
export {
	emailChoices,
	inAppChoices,
	inAppField,
	preferencesForm,
	receivesEmail,
	type EmailChoice,
	type NotificationKind
} from './notification-choices';
export { avatarForm, emailChangeForm, nameForm, passwordChangeForm } from './profile-forms';
export { avatarSrc } from './avatar-url';
