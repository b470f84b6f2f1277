import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// As in the plugin: the whole app renders on a machine whose two cores the
// suite shares, so find* queries wait 5 s and a test may take 30 s.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30_000);
