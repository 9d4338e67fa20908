// Electron entry point. Kept to one call so the whole shell is unit-tested through desktopApp.ts.
import * as electron from 'electron';
import { runDesktopApp } from './desktop/desktopApp';

runDesktopApp(electron, { devServerUrl: process.env.ELECTRON_RENDERER_URL });
