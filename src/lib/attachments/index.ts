export * from './rules';
export { uploadAttachment, UploadError, type AttachmentUpload, type UploadTarget } from './upload';
