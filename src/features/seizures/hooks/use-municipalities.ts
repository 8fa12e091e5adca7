// In lib/ so the supervisor's search shares it; kept here so the seizure screens' imports stand.
export { mexicanStateOf, useMunicipalities } from '../../../lib/use-municipalities';
