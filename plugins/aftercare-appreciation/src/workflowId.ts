/** The workflow's id, as declared in the manifest's `contributes.workflows`. */
export const WORKFLOW_ID = 'appreciation';
