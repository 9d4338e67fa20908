/**
 * The console's page ids, apart from the page registry: the store, the router and the shell name
 * pages without importing every page (which would tie them all into one import cycle). They live in
 * the shared contract, since main names a page too (a notification opens the window on its place).
 */
export { landingPage, pageIds, type PageId } from '../../../shared/contract/pageAddress';
