import test from 'ava';
import {errorCode, fileErrorReason} from '../../source/util/file-errors.js';

test('file-system codes read as plain words; unknown ones keep their own message', t => {
	t.is(fileErrorReason(Object.assign(new Error('EACCES: permission denied, open x'), {code: 'EACCES'})), 'permission denied');
	t.is(fileErrorReason({code: 'ENOSPC'}), 'the disk is full');
	t.is(fileErrorReason(Object.assign(new Error('something odd'), {code: 'EWEIRD'})), 'something odd');
	t.is(errorCode(new Error('no code')), undefined);
	t.is(errorCode({code: 42}), undefined);
});
