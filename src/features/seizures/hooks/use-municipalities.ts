// Moved to lib/ so the supervisor's search shares it; kept here so the seizure screens' imports stand.
export { useMunicipalities } from '../../../lib/use-municipalities';
