/**
 * Who may record trace status on this device: supervisors and administrators, and officers
 * where their agency allows it (the policy comes with the sign-in and every refresh: Session
 * officersRecordTrace). Only spares the others a form whose every save the server would refuse;
 * the server judges each change anyway.
 */
import type { Session } from '../../../storage';

export const mayRecordTrace = (session: Session | undefined): boolean =>
  !!session && (session.user.role === 'supervisor' || session.user.role === 'admin' || (session.user.role === 'officer' && session.officersRecordTrace === true));
