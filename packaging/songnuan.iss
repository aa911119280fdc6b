; Inno Setup 6.3 or later: wraps dist\songnuan\ (python packaging/build_windows.py) into dist\SongnuanSetup.exe.
; In step with packaging/songnuan.spec and packaging/bundle.py: the folder's name, the two programs' names and
; the version are checked by tests/test_packaging.py. songnuan.exe has a console (the commands, --self-test);
; songnuanw.exe is the same program without a console window, for the shortcuts.
; Data is never inside the program folder: it lives in %LOCALAPPDATA%\Songnuan (platformdirs).
[Setup]
AppName=送暖
AppVersion=0.1.0
DefaultDirName={autopf}\Songnuan
DefaultGroupName=送暖
OutputDir=..\dist
OutputBaseFilename=SongnuanSetup
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\songnuanw.exe

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "..\dist\songnuan\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[InstallDelete]
; files of the previous version that this one no longer has (a module or library left behind could be loaded)
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\送暖"; Filename: "{app}\songnuanw.exe"
Name: "{autodesktop}\送暖"; Filename: "{app}\songnuanw.exe"

[Code]
// The installed program checks itself: `songnuan.exe --demo --self-test` opens the main window and every
// screen on the demo database (demo.db in the user's data folder, made when missing; never the office's
// songnuan.db) and exits 0. A failure is said, with the log to send, instead of being hidden.
procedure CurStepChanged(CurStep: TSetupStep);
var
  ResultCode: Integer;
begin
  if CurStep = ssPostInstall then
  begin
    WizardForm.StatusLabel.Caption := '正在检查安装…';
    if not Exec(ExpandConstant('{app}\songnuan.exe'), '--demo --self-test', ExpandConstant('{app}'),
                SW_HIDE, ewWaitUntilTerminated, ResultCode) or (ResultCode <> 0) then
      SuppressibleMsgBox('安装后的自检没有通过（退出码 ' + IntToStr(ResultCode) + '）。程序已安装，但可能无法正常使用。'
        + #13#10 + '请把 ' + ExpandConstant('{localappdata}\Songnuan\songnuan.log') + ' 交给技术支持。',
        mbError, MB_OK, IDOK);
  end;
end;
