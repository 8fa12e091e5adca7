// The catalogue labels come from the domain (domain/vocab/labels.ts), which the server's exports
// also read: one source, so a label can never differ between the screen and an export.
import { vocabNamespace } from '../../../domain/vocab/labels';

export default vocabNamespace('es');
