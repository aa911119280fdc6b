; Inno Setup script: wraps dist\songnuan\ (from build_windows.py) into SongnuanSetup.exe.
; Data is never inside the program folder: it lives in %LOCALAPPDATA%\Songnuan (platformdirs).
[Setup]
AppName=送暖
AppVersion=0.1.0
DefaultDirName={autopf}\Songnuan
DefaultGroupName=送暖
OutputBaseFilename=SongnuanSetup
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=lowest

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "..\dist\songnuan\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\送暖"; Filename: "{app}\songnuan.exe"
Name: "{autodesktop}\送暖"; Filename: "{app}\songnuan.exe"

[Run]
Filename: "{app}\songnuan.exe"; Parameters: "--self-test"; Flags: runhidden waituntilterminated; StatusMsg: "正在检查安装…"
